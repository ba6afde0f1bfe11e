package org.frisbeegw.tmcd.reload;

/**
 * One current_reloads row joined as tmcd's loadinfo query does (legacy-tmcd.md §2.1): images.loadpart,
 * os_info.OS, current_reloads.mustwipe, images.mbr_version, images.access_key, images.imageid,
 * current_reloads.prepare, images.imagename, projects.pid, groups.gid, images.path. Strings may
 * be null where the DB column is NULL.
 */
public record ReloadRow(String loadPart, String os, String mustWipe, String mbrVersion, String accessKey, int imageId,
                        String prepare, String imageName, String pid, String gid, String path) {
}
