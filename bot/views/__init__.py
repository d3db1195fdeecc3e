"""HTTP handlers, one module per door: pages (demo page, widget, static), api, ws, health."""
