// PROJ: proj.h for CRS transformations, geodesic.h for the geod_* ellipsoidal geodesics.
#ifndef TONGCHENG_CPROJ_SHIM_H
#define TONGCHENG_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
