/* Files that hold secrets or settings: are they open to other users? */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "msg.h"
#include "perm.h"

const char *
iad_perm_exposure(unsigned mode, const char **fix_out)
{
    bool group = (mode & S_IWGRP) != 0;
    const char *what;

    if (mode & S_IROTH)
        what = group ? "readable by other users and writable by its group"
                     : "readable by other users";
    else if (mode & S_IWOTH)
        what = group ? "writable by other users and its group"
                     : "writable by other users";
    else if (group)
        what = "writable by its group";
    else
        return NULL;
    *fix_out = !(mode & (S_IROTH | S_IWOTH)) ? "g-w" :
               group ? "g-w,o-rwx" : "o-rwx";
    return what;
}

void
iad_perm_warn_fd(int fd, const char *what, const char *path)
{
    struct stat st;
    const char *exposure, *fix = NULL;

    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    exposure = iad_perm_exposure((unsigned)st.st_mode, &fix);
    if (exposure != NULL)
        iad_warn("%s '%s' is %s: chmod %s it", what, path, exposure, fix);
}
