/* hostfd.h: private to the 9p component. */
#ifndef P9_HOSTFD_H
#define P9_HOSTFD_H

/* Makes descriptors 0-2 the host files that ukcc.fd= tokens name; after the mounts. */
void uk_9p_host_fds(void);

#endif
