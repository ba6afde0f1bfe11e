package org.frisbeegw.gateway.images;

import java.util.regex.Pattern;

/**
 * What an image id of the null config may look like (master-server.md §7.2): 1 to 1023
 * characters of {@code A-Z a-z 0-9 - _ . / : +}. We are stricter than the C server in one
 * point: no path component may be {@code ..} or {@code .}, so a name can never walk upward
 * even before the realpath check.
 */
public final class ImageNames {
    static final int MAX_LENGTH = 1023;
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._/:+-]{1," + MAX_LENGTH + "}");

    private ImageNames() {
    }

    /** Null when the id is acceptable, else why not. */
    public static String problem(String imageId) {
        if (!LEGAL.matcher(imageId).matches()) {
            return "illegal characters or length";
        }
        for (String part : imageId.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                return "'" + part + "' path component";
            }
        }
        return null;
    }
}
