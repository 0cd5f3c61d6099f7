package grades

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// FileName is the name of a result file, in an artifact folder or a
// Classroom 50 checkout.
const FileName = "result.json"

// Submission is one student's graded work.
type Submission struct {
	// Student is the repository owner (Classroom 50) or the name of the
	// folder the result was found in (an artifact named after the
	// student's repository).
	Student string
	// Scores maps exercise ids to the points earned; Points to the points
	// each was worth.
	Scores, Points map[string]int
	// Flags lists exercises that scored 0 for changed protected files
	// or forbidden code: "07 tampered".
	Flags []string
	// Path is the file it was read from.
	Path string
}

// Total is the points earned and the points possible.
func (s Submission) Total() (score, max int) {
	for id, p := range s.Points {
		score += s.Scores[id]
		max += p
	}
	return score, max
}

// flagged are the failure classes a teacher should look at, not just read
// as a lower score.
var flagged = []string{"tampered", "forbidden"}

// Parse reads one result.json, in the checker's JSON format (version 1,
// written by check --format=json and by the classroom workflow) or in
// Classroom 50's (schema classroom50/result/v1). student names the
// submission when the file does not (the JSON format has no identity).
func Parse(r io.Reader, student string) (Submission, error) {
	var doc struct {
		Version   int    `json:"version"`
		Schema    string `json:"schema"`
		Owner     string `json:"owner"`
		Exercises []struct {
			ID      string `json:"id"`
			Points  int    `json:"points"`
			Score   int    `json:"score"`
			Failure string `json:"failure"`
		} `json:"exercises"`
		Tests []struct {
			Name     string `json:"test-name"`
			Score    int    `json:"score"`
			MaxScore int    `json:"max-score"`
			Failure  string `json:"failure"`
		} `json:"tests"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return Submission{}, fmt.Errorf("not a result file: %w", err)
	}
	s := Submission{Student: student, Scores: map[string]int{}, Points: map[string]int{}}
	add := func(id string, score, points int, failure string) {
		s.Scores[id], s.Points[id] = score, points
		if slices.Contains(flagged, failure) {
			s.Flags = append(s.Flags, id+" "+failure)
		}
	}
	switch {
	case doc.Schema == "classroom50/result/v1":
		if doc.Owner != "" {
			s.Student = doc.Owner
		}
		for _, t := range doc.Tests {
			id, _, _ := strings.Cut(t.Name, " ")
			add(id, t.Score, t.MaxScore, t.Failure)
		}
	case doc.Version == 1 && doc.Exercises != nil:
		for _, e := range doc.Exercises {
			add(e.ID, e.Score, e.Points, e.Failure)
		}
	default:
		return Submission{}, errors.New(`not a result file: neither the checker's JSON ("version": 1) nor Classroom 50's ("schema": "classroom50/result/v1")`)
	}
	return s, nil
}

// Find reads every result.json under the given folders (or the files
// themselves, when named). A result's student is its owner, else the name
// of the folder holding it.
func Find(paths []string) ([]Submission, error) {
	var subs []Submission
	read := func(p string) error {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		s, err := Parse(f, filepath.Base(filepath.Dir(p)))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		s.Path = p
		subs = append(subs, s)
		return nil
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if err := read(root); err != nil {
				return nil, err
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && d.Name() == FileName {
				return read(p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("no %s found under %s: download the workflow's artifacts (gh run download) or Classroom 50's results first", FileName, strings.Join(paths, ", "))
	}
	return subs, nil
}

// WriteCSV writes one row per submission, sorted by student: the points of
// each exercise (ids as columns, in order), the total, the possible total
// and the flagged exercises.
func WriteCSV(w io.Writer, subs []Submission) error {
	var ids []string
	for _, s := range subs {
		for id := range s.Points {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	subs = slices.Clone(subs)
	slices.SortStableFunc(subs, func(a, b Submission) int { return cmp.Compare(a.Student, b.Student) })
	cw := csv.NewWriter(w)
	header := append(append([]string{"student"}, ids...), "total", "max", "flags")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range subs {
		row := []string{s.Student}
		for _, id := range ids {
			if _, ok := s.Points[id]; ok {
				row = append(row, strconv.Itoa(s.Scores[id]))
			} else {
				row = append(row, "") // not in this student's assignment
			}
		}
		score, max := s.Total()
		row = append(row, strconv.Itoa(score), strconv.Itoa(max), strings.Join(s.Flags, "; "))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
