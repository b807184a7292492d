/* args.c: the argv an image linked without ukcc's generated __uk_args boots with. In a file of
 * its own because a compiler that sees a weak constant's initializer may fold its fields
 * into code that reads them, and ukcc's strong definition must win. */
#include <uk/abi.h>

__attribute__((weak)) const struct uk_args_block __uk_args = {1, 0, 4, {"app"}};
