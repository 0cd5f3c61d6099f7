package schemas

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed classroom50-result-v1.schema.json
var classroom50Result []byte

// Classroom50ResultFile is the schema's file name in this folder.
const Classroom50ResultFile = "classroom50-result-v1.schema.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(classroom50Result))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", Classroom50ResultFile, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(Classroom50ResultFile, doc); err != nil {
		return nil, fmt.Errorf("load %s: %w", Classroom50ResultFile, err)
	}
	return c.Compile(Classroom50ResultFile)
})

// ValidateClassroom50Result reports how doc breaks Classroom 50's result
// schema, or nil if it does not.
func ValidateClassroom50Result(doc []byte) error {
	sch, err := compiled()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return sch.Validate(inst)
}
