/* Files that hold secrets or settings: are they open to other users? */
#ifndef IAD_PERM_H
#define IAD_PERM_H

/*
 * What about MODE (st_mode bits) lets users other than the owner read or
 * change a file holding keys or settings, as the end of a sentence
 * ("readable by other users"), with the chmod argument that closes it in
 * *FIX_OUT ("o-rwx"); NULL, *FIX_OUT untouched, when nothing does.  As
 * ssh judges its keys: reading or writing by others counts, and so does
 * writing by the group, which could swap the keys or settings; reading
 * by the group does not, as a keytab shared with a service's group is
 * common, nor does a bare execute bit, which opens nothing.
 * Both strings are static.
 */
const char *iad_perm_exposure(unsigned mode, const char **fix_out);

/*
 * Warn on stderr, one line naming WHAT ("keytab") and PATH, when FD, an
 * open file, is exposed as iad_perm_exposure() says.  A file that fstat
 * cannot look at, or that is not a regular file, draws nothing: the
 * check is advice, never a reason to stop.
 */
void iad_perm_warn_fd(int fd, const char *what, const char *path);

#endif
