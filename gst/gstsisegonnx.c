/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A walk over the protobuf wire format, just deep enough to reach
 * ModelProto.graph (7) -> GraphProto.input (11) -> ValueInfoProto.type (2)
 * -> TypeProto.tensor_type (1) -> shape (2) -> dim (1) -> dim_value (1),
 * skipping GraphProto.initializer (5) names (TensorProto.name, 8) that old
 * exporters list among the inputs.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegonnx.h"

/* A span of protobuf bytes and one field read from it. */
typedef struct
{
  const guint8 *p, *end;
} Pb;

typedef struct
{
  guint number;
  guint64 value;                /* varint fields */
  Pb bytes;                     /* length-delimited fields */
} PbField;

enum
{
  WIRE_VARINT = 0,
  WIRE_64 = 1,
  WIRE_BYTES = 2,
  WIRE_32 = 5,
};

static gboolean
pb_varint (Pb * pb, guint64 * v)
{
  guint shift;

  *v = 0;
  for (shift = 0; shift < 64 && pb->p < pb->end; shift += 7) {
    guint8 b = *pb->p++;

    *v |= (guint64) (b & 0x7f) << shift;
    if (!(b & 0x80))
      return TRUE;
  }
  return FALSE;
}

/* The next field; FALSE at the end or on bytes that are no protobuf. */
static gboolean
pb_next (Pb * pb, PbField * f, gboolean * bad)
{
  guint64 key, len;
  gsize skip = 0;

  *bad = FALSE;
  if (pb->p >= pb->end)
    return FALSE;
  if (!pb_varint (pb, &key))
    goto bad;
  f->number = key >> 3;
  f->value = 0;
  f->bytes.p = f->bytes.end = NULL;
  switch (key & 7) {
    case WIRE_VARINT:
      if (!pb_varint (pb, &f->value))
        goto bad;
      return TRUE;
    case WIRE_64:
      skip = 8;
      break;
    case WIRE_32:
      skip = 4;
      break;
    case WIRE_BYTES:
      if (!pb_varint (pb, &len) || len > (guint64) (pb->end - pb->p))
        goto bad;
      f->bytes.p = pb->p;
      f->bytes.end = pb->p + len;
      skip = len;
      break;
    default:
      goto bad;
  }
  if (skip > (gsize) (pb->end - pb->p))
    goto bad;
  pb->p += skip;
  return TRUE;

bad:
  *bad = TRUE;
  return FALSE;
}

/* The first length-delimited field @number inside @pb. */
static gboolean
pb_find (Pb pb, guint number, Pb * out)
{
  PbField f;
  gboolean bad;

  while (pb_next (&pb, &f, &bad))
    if (f.number == number && f.bytes.p != NULL) {
      *out = f.bytes;
      return TRUE;
    }
  return FALSE;
}

static gboolean
pb_string_equal (Pb s, const Pb * other)
{
  return s.end - s.p == other->end - other->p
      && memcmp (s.p, other->p, s.end - s.p) == 0;
}

/* Whether some GraphProto.initializer is named @name. */
static gboolean
onnx_is_initializer (Pb graph, const Pb * name)
{
  PbField f;
  gboolean bad;
  Pb s;

  while (pb_next (&graph, &f, &bad))
    if (f.number == 5 && f.bytes.p && pb_find (f.bytes, 8, &s)
        && pb_string_equal (s, name))
      return TRUE;
  return FALSE;
}

static void
onnx_read_dims (Pb value_info, gint64 * dims, guint * n_dims)
{
  Pb type, tensor, shape;
  PbField f, d;
  gboolean bad;

  *n_dims = 0;
  if (!pb_find (value_info, 2, &type) || !pb_find (type, 1, &tensor)
      || !pb_find (tensor, 2, &shape))
    return;
  while (pb_next (&shape, &f, &bad) && *n_dims < GST_SISEG_ONNX_MAX_DIMS) {
    Pb dim = f.bytes;
    gint64 v = 0;

    if (f.number != 1 || dim.p == NULL)
      continue;
    while (pb_next (&dim, &d, &bad))
      if (d.number == 1 && d.bytes.p == NULL)
        v = (gint64) d.value;
    dims[(*n_dims)++] = MAX (v, 0);
  }
}

gboolean
gst_siseg_onnx_input_shape (const guint8 * data, gsize len,
    gint64 dims[GST_SISEG_ONNX_MAX_DIMS], guint * n_dims, GError ** error)
{
  Pb model = { data, data + len }, graph, walk, name;
  PbField f;
  gboolean bad = FALSE;

  if (!pb_find (model, 7, &graph)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "no ONNX graph in the file");
    return FALSE;
  }
  walk = graph;
  while (pb_next (&walk, &f, &bad)) {
    if (f.number != 11 || f.bytes.p == NULL)
      continue;
    if (pb_find (f.bytes, 1, &name) && onnx_is_initializer (graph, &name))
      continue;
    onnx_read_dims (f.bytes, dims, n_dims);
    return TRUE;
  }
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
      bad ? "the ONNX graph is corrupt" : "the ONNX graph has no input");
  return FALSE;
}
