/* siseg: the constants the host and the kernels share.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain macros only: siseg-private.h includes this file, and
 * kernels/embed.py puts it before every kernel source, so each value is
 * written once for C and for OpenCL C.
 */
#ifndef __SISEG_DEFS_H__
#define __SISEG_DEFS_H__

/* "no parent": pixels of classes that are not segmented */
#define SISEG_NONE 0xffffffffu

/* class modes, as SisegClassMode (siseg.h) and the mode table hold them */
#define SISEG_MODE_SPLIT 0
#define SISEG_MODE_STUFF 1
#define SISEG_MODE_SKIP 2

/* the statistics of one instance id (SisegStats): area, sum of x and of y
 * as 64-bit lo/hi pairs, x0, y0, x1, y1 */
#define SISEG_STATS_WORDS 9

/* entries of the CBR's weight table */
#define SISEG_CBR_WEIGHTS 64

/* the CBR's grid step: colour weights for a summed RGB difference d, at
 * d / 4, and the difference at which a weight falls to 1 / e */
#define SISEG_GRID_WEIGHTS 192
#define SISEG_GRID_SIGMA 80.0

/* pixels a work-item walks on CPU devices (one on GPUs) */
#define SISEG_CPU_SPAN 64

/* BT.601 limited range, 8-bit fixed point: luma from RGB (/ 256) */
#define SISEG_LUMA_R 77
#define SISEG_LUMA_G 150
#define SISEG_LUMA_B 29
/* RGB from YUV: 298 (Y - 16) + 409 V' ... (/ 256), V' = V - 128 */
#define SISEG_YUV_Y 298
#define SISEG_YUV_RV 409
#define SISEG_YUV_GU 100
#define SISEG_YUV_GV 208
#define SISEG_YUV_BU 516

#endif /* __SISEG_DEFS_H__ */
