package runner

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// LeakExperiment is the GOEXPERIMENT that adds the goroutineleak profile
// to runtime/pprof in Go 1.26. Go 1.27 has the profile on by default and
// rejects the experiment ("unknown GOEXPERIMENT goroutineleakprofile").
const LeakExperiment = "goroutineleakprofile"

// toolchain is what `go env` says about the go command in use.
type toolchain struct {
	cgoEnabled string
	cc         string
	version    string // go1.26.8
	experiment string // the user's own GOEXPERIMENT, often empty
}

// askToolchain runs `go env` once for everything the runner needs to know.
func (r *Runner) askToolchain(ctx context.Context) (toolchain, error) {
	out, err := r.output(ctx, "env", "CGO_ENABLED", "CC", "GOVERSION", "GOEXPERIMENT")
	if err != nil {
		return toolchain{}, fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for len(lines) < 4 {
		lines = append(lines, "")
	}
	return toolchain{
		cgoEnabled: strings.TrimSpace(lines[0]),
		cc:         strings.TrimSpace(lines[1]),
		version:    strings.TrimSpace(lines[2]),
		experiment: strings.TrimSpace(lines[3]),
	}, nil
}

// needsLeakExperiment reports whether a toolchain of this GOVERSION needs
// GOEXPERIMENT=goroutineleakprofile for the goroutineleak profile: Go 1.26
// only. Older ones do not know it, newer ones have it on and reject it.
func needsLeakExperiment(version string) bool {
	v, ok := strings.CutPrefix(version, "go1.")
	if !ok {
		return false // "devel ...": a development toolchain, newer than 1.26
	}
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		v = v[:end]
	}
	minor, err := strconv.Atoi(v)
	return err == nil && minor == 26
}

// withExperiment returns env with LeakExperiment added to the user's own
// GOEXPERIMENT (as `go env` reports it: from the environment or from
// `go env -w`), when the toolchain needs it.
func withExperiment(env []string, tc toolchain) []string {
	if !needsLeakExperiment(tc.version) {
		return env
	}
	exps := []string{}
	for _, e := range strings.Split(tc.experiment, ",") {
		if e = strings.TrimSpace(e); e != "" {
			exps = append(exps, e)
		}
	}
	if slices.Contains(exps, LeakExperiment) {
		return env
	}
	exps = append(exps, LeakExperiment)
	out := slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, "GOEXPERIMENT=") })
	return append(out, "GOEXPERIMENT="+strings.Join(exps, ","))
}

// BuildEnv is the environment of the go commands that build and vet:
// Env, with GOEXPERIMENT=goroutineleakprofile added when the toolchain
// needs it, so katatest's deadlock watchdog works.
func (r *Runner) BuildEnv() ([]string, error) {
	tc, err := r.tool()
	if err != nil {
		return nil, err
	}
	return withExperiment(r.Env, tc), nil
}

// GoVersion is the toolchain's GOVERSION, e.g. go1.26.8.
func (r *Runner) GoVersion() string {
	tc, _ := r.tool()
	return tc.version
}
