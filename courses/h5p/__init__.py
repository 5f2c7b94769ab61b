"""H5P packages: what makes an uploaded .h5p acceptable (`courses.h5p.validation`)."""
