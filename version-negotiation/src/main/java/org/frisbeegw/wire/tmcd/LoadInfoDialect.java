package org.frisbeegw.wire.tmcd;

/**
 * What a tmcc of a given VERSION understands in a loadinfo reply (legacy-tmcd.md §1.7, §2.4):
 * up to 29 only one image; from 31 the SERVER= key; from 33 an image name (IMAGEID=) and an
 * empty ADDR= instead of a multicast address/port.
 */
public enum LoadInfoDialect {
    /** VERSION ≤ 29: one image only, address/port, no SERVER. */
    SINGLE_IMAGE_ADDRESS(false, false, false),
    /** VERSION 30: several images, address/port, no SERVER. */
    MULTI_IMAGE_ADDRESS(true, false, false),
    /** VERSION 31–32: address/port and SERVER. */
    ADDRESS_WITH_SERVER(true, true, false),
    /** VERSION ≥ 33: image name for the master server, SERVER, empty ADDR. */
    IMAGE_NAME(true, true, true);

    private final boolean multipleImages;
    private final boolean server;
    private final boolean imageName;

    LoadInfoDialect(boolean multipleImages, boolean server, boolean imageName) {
        this.multipleImages = multipleImages;
        this.server = server;
        this.imageName = imageName;
    }

    public static LoadInfoDialect forVersion(int version) {
        if (version <= 29) {
            return SINGLE_IMAGE_ADDRESS;
        }
        if (version == 30) {
            return MULTI_IMAGE_ADDRESS;
        }
        return version <= 32 ? ADDRESS_WITH_SERVER : IMAGE_NAME;
    }

    public boolean acceptsMultipleImages() {
        return multipleImages;
    }

    public boolean includesServer() {
        return server;
    }

    /** True: answer with IMAGEID and an empty ADDR; false: ask the master server for address/port. */
    public boolean usesImageName() {
        return imageName;
    }
}
