package org.frisbeegw.wire;

import java.util.Arrays;
import java.util.Optional;

/** Versions of the master-server message header. Only "V01" exists (spec §10: no V02 was ever written). */
public enum MasterVersion {
    V01(new byte[] {'V', '0', '1', 0});

    private final byte[] bytes;

    MasterVersion(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The four header bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The version whose four bytes are exactly these (the C client requires the 4th byte to be 0). */
    public static Optional<MasterVersion> of(byte[] fourBytes) {
        for (MasterVersion v : values()) {
            if (Arrays.equals(v.bytes, fourBytes)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
