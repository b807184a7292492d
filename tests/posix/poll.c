/* poll.c: poll, ppoll, select, pselect and epoll over pipes, eventfds, regular files and
 * the console; timeouts; invalid descriptors and arguments. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static void show(struct pollfd *f, int n)
{
	for (int i = 0; i < n; i++)
		SAY("  fd %d revents %#x", f[i].fd, f[i].revents);
}

int main(void)
{
	int p[2];
	T(pipe(p));
	int file = T(open("f", O_CREAT | O_RDWR, 0644));
	struct pollfd f[5] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {file, POLLIN | POLLOUT, 0},
			      {99, POLLIN, 0}, {-1, POLLIN, 0}};
	T(poll(f, 5, 0));
	show(f, 5);
	T(write(p[1], "x", 1));
	T(poll(f, 2, 100));
	show(f, 2);
	char c;
	T(read(p[0], &c, 1));
	T(poll(f, 1, 50));
	show(f, 1);
	struct timespec ts = {0, 20000000};
	T(ppoll(f, 1, &ts, NULL));
	ts.tv_nsec = 2000000000;
	T(ppoll(f, 1, &ts, NULL));
	T(close(p[1]));
	T(poll(f, 1, -1));
	show(f, 1);
	T(close(p[0]));
	T(pipe(p));
	T(close(p[0]));
	struct pollfd w = {p[1], POLLOUT, 0};
	T(poll(&w, 1, 0));
	show(&w, 1);
	T(close(p[1]));
	T(poll(NULL, 0, 30));

	/* select */
	T(pipe(p));
	fd_set r, wr;
	FD_ZERO(&r);
	FD_ZERO(&wr);
	FD_SET(p[0], &r);
	FD_SET(p[1], &wr);
	struct timeval tv = {0, 10000};
	T(select(p[1] + 1, &r, &wr, NULL, &tv));
	SAY("  r %d w %d", FD_ISSET(p[0], &r), FD_ISSET(p[1], &wr));
	T(write(p[1], "y", 1));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_SET(file, &r);
	T(select(file + 1, &r, NULL, NULL, NULL));
	SAY("  r %d file %d", FD_ISSET(p[0], &r), FD_ISSET(file, &r));
	FD_ZERO(&r);
	FD_SET(50, &r);
	T(select(51, &r, NULL, NULL, &tv));
	T(select(-1, NULL, NULL, NULL, &tv));
	tv.tv_usec = -1;
	T(select(0, NULL, NULL, NULL, &tv));
	struct timespec pts = {0, 1000000};
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	T(pselect(p[0] + 1, &r, NULL, NULL, &pts, NULL));
	T(read(p[0], &c, 1));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	T(pselect(p[0] + 1, &r, NULL, NULL, &pts, NULL));

	/* epoll */
	int ep = T(epoll_create1(0));
	T(epoll_create1(12345));
	T(epoll_create(0));
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7}, out[4];
	T(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	T(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	T(epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev));
	T(epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev));
	T(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	T(epoll_ctl(file, EPOLL_CTL_ADD, p[0], &ev));
	T(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev));
	T(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev));
	T(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	T(epoll_ctl(ep, 99, p[0], &ev));
	T(epoll_wait(ep, out, 4, 0));
	T(epoll_wait(ep, out, 0, 0));
	T(epoll_wait(file, out, 4, 0));
	T(epoll_wait(99, out, 4, 0));
	T(write(p[1], "z", 1));
	T(epoll_wait(ep, out, 4, 100));
	SAY("  events %#x data %llu", out[0].events, (unsigned long long)out[0].data.u64);
	T(epoll_wait(ep, out, 4, 0));
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 8;
	T(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	T(epoll_wait(ep, out, 4, 0));
	T(epoll_wait(ep, out, 4, 0));
	T(write(p[1], "z", 1));
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 9;
	T(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	T(epoll_wait(ep, out, 4, 0));
	SAY("  data %llu", (unsigned long long)out[0].data.u64);
	T(epoll_wait(ep, out, 4, 0));
	int e = T(eventfd(0, 0));
	ev.events = EPOLLIN | EPOLLOUT;
	ev.data.u64 = 10;
	T(epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev));
	T(epoll_wait(ep, out, 4, 0));
	SAY("  events %#x data %llu", out[0].events, (unsigned long long)out[0].data.u64);
	/* closing the only descriptor of a file removes it from the set */
	T(close(e));
	T(epoll_wait(ep, out, 4, 0));
	T(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	T(epoll_wait(ep, out, 4, 20));
	int ep2 = T(epoll_create1(EPOLL_CLOEXEC));
	T(fcntl(ep2, F_GETFD));
	ev.events = EPOLLIN;
	T(epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev));
	T(close(ep2));
	T(close(ep));
	return 0;
}
