package org.frisbeegw.gateway.upload;

/** frisuploadd's exit statuses (decls.h UE_*), which we keep for log lines and later reporting. */
public enum UploadStatus {
    OK(0), OTHER(1), TOO_LONG(2), TOO_BIG(3), NO_SPACE(4), CONNECTION(5), FILE(6);

    private final int code;

    UploadStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
