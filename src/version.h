/* version.h: ukcc's version, recorded in every image it builds. */
#ifndef UKCC_VERSION
#define UKCC_VERSION "0.1.0"
#endif
