package org.frisbeegw.gateway.images;

import java.nio.file.Path;

/** The outcome of looking at an image's path on disk. */
public sealed interface ImageLookup {
    /** A regular file. */
    record Present(ImageFile file) implements ImageLookup {
    }

    /** Nothing at that path (a PUT may create it). */
    record Absent(Path path) implements ImageLookup {
    }

    /** Something that is not a regular file, or cannot be examined. */
    record Unusable(Path path, String why) implements ImageLookup {
    }
}
