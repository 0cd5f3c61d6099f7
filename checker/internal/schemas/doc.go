// Package schemas holds the JSON Schemas of the documents the checker
// writes for other tools, and validates documents against them. Only tests
// import it, so the checker binary does not carry a validator.
//
// classroom50-result-v1.schema.json is Classroom 50's result contract
// (classroom50/result/v1), transcribed from foundation50/classroom50
// schemas/result-v1.schema.json; keep it in step with upstream.
package schemas
