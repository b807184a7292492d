# ukcc.cmake: CMake toolchain file for ukcc:
#   cmake -DCMAKE_TOOLCHAIN_FILE=<prefix>/lib/ukcc/ukcc.cmake ...
# (in the build tree: build/lib/ukcc/ukcc.cmake). Executables are unikernel images that run
# on this machine through ukcc's launcher, so this is not cross compiling: try_run, ctest
# and custom commands run what the project builds.
get_filename_component(_ukcc_prefix "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
set(CMAKE_C_COMPILER "${_ukcc_prefix}/bin/ukcc")
set(CMAKE_AR "${_ukcc_prefix}/bin/ukcc-ar" CACHE FILEPATH "ukcc's archiver")
set(CMAKE_RANLIB "${_ukcc_prefix}/bin/ukcc-ranlib" CACHE FILEPATH "ukcc's ranlib")
# An image links static archives only: ukcc refuses -shared.
set(BUILD_SHARED_LIBS OFF CACHE BOOL "ukcc links static archives only")
