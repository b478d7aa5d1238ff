// SPDX-License-Identifier: MIT
/*
 * src/host/parallel.c - running one job on several host threads at once.
 *
 * host_run_parallel() is what Linux's padata does for deferred struct
 * page initialisation: the boot thread and up to nr - 1 helpers all run
 * the same function, which takes pieces of work from a shared counter
 * until none is left; the call returns when every thread has finished.
 * If a helper cannot be started, the others simply do more of the work.
 */
#include <pthread.h>

#include "host.h"

#define HOST_PARALLEL_MAX	16

struct parallel_job {
	void (*fn)(void *arg);
	void *arg;
};

static void *parallel_trampoline(void *p)
{
	struct parallel_job *job = p;

	job->fn(job->arg);
	return NULL;
}

void host_run_parallel(void (*fn)(void *arg), void *arg, int nr_threads)
{
	struct parallel_job job = { fn, arg };
	pthread_t helpers[HOST_PARALLEL_MAX];
	int started = 0;

	if (nr_threads > HOST_PARALLEL_MAX)
		nr_threads = HOST_PARALLEL_MAX;
	for (int i = 1; i < nr_threads; i++) {
		if (pthread_create(&helpers[started], NULL, parallel_trampoline, &job))
			break;
		started++;
	}
	fn(arg);
	for (int i = 0; i < started; i++)
		pthread_join(helpers[i], NULL);
}
