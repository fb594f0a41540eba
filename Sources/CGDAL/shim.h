// GDAL/OGR's C API: datasets and drivers (gdal.h), vector layers, features and geometries
// (ogr_api.h), spatial references (ogr_srs_api.h), errors, configuration and virtual files (cpl_*).
#ifndef TONGCHENG_CGDAL_SHIM_H
#define TONGCHENG_CGDAL_SHIM_H
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <cpl_http.h>
#endif
