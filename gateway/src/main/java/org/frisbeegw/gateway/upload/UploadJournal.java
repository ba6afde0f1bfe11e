package org.frisbeegw.gateway.upload;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where an upload's temporary file is recorded while it exists, so a gateway that dies mid-upload
 * (or the other of a pair, taking over) can remove it at its next start: the server journal.
 */
public interface UploadJournal {
    UploadJournal NONE = new UploadJournal() {
        @Override
        public void started(Path temporary) {
        }

        @Override
        public void ended(Path temporary) {
        }
    };

    void started(Path temporary) throws IOException;

    /** The temporary was installed as the image, or removed. */
    void ended(Path temporary) throws IOException;
}
