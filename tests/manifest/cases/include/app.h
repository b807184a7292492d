/* app.h: makes include/ a directory that exists for golden manifests. */
