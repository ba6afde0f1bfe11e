package org.frisbeegw.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the configuration back-end says about one image for one host: where it lives, how it may
 * be served (methods, image-server timeout and extra arguments) and how it may be uploaded.
 */
public record ImageRecord(String imageId, Path path, int methods, Duration serverTimeout, List<String> serverArgs,
                          long maxUploadSize, Duration uploadTimeout) {
    public ImageRecord {
        serverArgs = List.copyOf(serverArgs);
    }
}
