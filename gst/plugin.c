/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

#include "gstsisegment.h"
#include "gstsisegmeta.h"
#include "gstsisegmodel.h"
#include "gstsisegtestsrc.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  /* the id-map meta is known once the plugin is loaded, before any
   * sisegment is made (gstsisegapi.h) */
  gst_siseg_ids_meta_get_info ();
  ret |= GST_ELEMENT_REGISTER (sisegment, plugin);
  ret |= GST_ELEMENT_REGISTER (sisegtestsrc, plugin);
  ret |= GST_ELEMENT_REGISTER (sisegmodel, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, siseg,
    "Instance segmentation from semantic segmentation masks, in OpenCL",
    plugin_init, VERSION, "LGPL", GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
