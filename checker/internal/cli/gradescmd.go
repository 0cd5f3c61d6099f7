package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/asynckata/kata/checker/internal/grades"
)

// gradesCmd merges a class's result files into one CSV.
func gradesCmd(args []string, env Env) error {
	fs := flag.NewFlagSet("grades", flag.ContinueOnError)
	output := fs.String("output", "", "write the CSV to `FILE` instead of standard output")
	paths, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErrorf("name the folders that hold the result.json files: kata grades artifacts/ (after gh run download)")
	}
	subs, err := grades.Find(paths)
	if err != nil {
		return usageErrorf("%v", err)
	}
	var b bytes.Buffer
	if err := grades.WriteCSV(&b, subs); err != nil {
		return fmt.Errorf("write the CSV: %w", err)
	}
	if *output == "" {
		_, err = env.Stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(*output, b.Bytes(), 0o644); err != nil {
		return usageErrorf("write %s: %v", *output, err)
	}
	fmt.Fprintf(env.Stderr, "kata: %d submissions written to %s\n", len(subs), *output)
	return nil
}
