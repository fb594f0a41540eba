// GEOS C API, reentrant (_r) functions only.
#ifndef TONGCHENG_CGEOS_SHIM_H
#define TONGCHENG_CGEOS_SHIM_H
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
