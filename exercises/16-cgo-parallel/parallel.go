package cgoparallel

// This is the file you edit.

// DigestAll runs every job through the C function and returns the results
// in the order of jobs: result i is Digest(jobs[i]). It computes each job
// exactly once, in C, and leaves jobs unchanged.
//
// This version calls C for one job at a time, from one goroutine, so it
// uses one core however many the machine has.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	for i, j := range jobs {
		results[i] = Digest(j)
	}
	return results
}
