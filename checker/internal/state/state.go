package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Dir is the state folder, relative to the repository root.
const Dir = ".kata"

// State is the remembered state.
type State struct {
	// Hints is the number of hints shown so far, by exercise id.
	Hints map[string]int `json:"hints"`
	// Last is the latest result of the learner's own code, by exercise id.
	Last map[string]Last `json:"last"`

	path string
}

// Last is one remembered result.
type Last struct {
	Status  string `json:"status"`
	Score   int    `json:"score"`
	Points  int    `json:"points"`
	Failure string `json:"failure"`
	// Check is the first check that failed, "" when none did.
	Check string    `json:"check,omitempty"`
	At    time.Time `json:"at"`
}

// Load reads the state under root; a missing file is an empty state.
func Load(root string) (*State, error) {
	s := &State{Hints: map[string]int{}, Last: map[string]Last{}, path: filepath.Join(root, Dir, "state.json")}
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.path, err)
	}
	if err := json.Unmarshal(b, s); err != nil {
		// A damaged state file only loses hint levels and last results:
		// start afresh rather than block the learner.
		return &State{Hints: map[string]int{}, Last: map[string]Last{}, path: s.path}, nil
	}
	if s.Hints == nil {
		s.Hints = map[string]int{}
	}
	if s.Last == nil {
		s.Last = map[string]Last{}
	}
	return s, nil
}

// Save writes the state atomically.
func (s *State) Save() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("make %s: %w", filepath.Dir(s.path), err)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	return os.Rename(tmp, s.path)
}
