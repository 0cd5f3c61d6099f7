// Package grades merges the result files of a whole class (the classroom
// workflow's artifacts, or Classroom 50's result.json files) into one CSV:
// a row per student with each exercise's points, the total, and the
// exercises flagged for changed protected files or forbidden code.
package grades
