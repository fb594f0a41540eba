// librsvg (SVG → cairo) and cairo's PDF and PNG surfaces, for print output in-process.
#ifndef TONGCHENG_CRSVG_SHIM_H
#define TONGCHENG_CRSVG_SHIM_H
#include <librsvg/rsvg.h>
#include <cairo.h>
#include <cairo-pdf.h>
#endif
