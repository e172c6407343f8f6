// SPDX-License-Identifier: GPL-2.0
/*
 * encid-hold: take encryption IDs from the test provider and hold them.
 *
 *   encid-hold [--wait] CLASS COUNT
 *
 * Asks /dev/encid_test for COUNT IDs of CLASS (sev, sev_es, tdx), one at a
 * time, printing each result; then prints "holding N" and, with --wait,
 * holds them until it is killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "test_encid_uapi.h"

static const char *const classes[] = { "sev", "sev_es", "tdx" };

int main(int argc, char **argv)
{
	struct encid_test_alloc a;
	int wait = 0, ctl, held = 0, i, count;
	unsigned int class;

	if (argc > 1 && !strcmp(argv[1], "--wait")) {
		wait = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: encid-hold [--wait] CLASS COUNT\n");
		return 2;
	}
	for (class = 0; class < 3; class++)
		if (!strcmp(argv[1], classes[class]))
			break;
	count = atoi(argv[2]);
	if (class == 3 || count <= 0) {
		fprintf(stderr, "encid-hold: bad class or count\n");
		return 2;
	}

	ctl = open("/dev/encid_test", O_RDWR);
	if (ctl < 0) {
		perror("encid-hold: /dev/encid_test");
		return 1;
	}
	for (i = 0; i < count; i++) {
		memset(&a, 0, sizeof(a));
		a.class = class;
		if (ioctl(ctl, ENCID_TEST_IOC_ALLOC, &a)) {
			printf("request %d: %s\n", i + 1, strerror(errno));
			continue;
		}
		printf("request %d: %s ID %u\n", i + 1, classes[class], a.id);
		held++;
	}
	printf("holding %d\n", held);
	fflush(stdout);
	while (wait)
		pause();
	return 0;
}
