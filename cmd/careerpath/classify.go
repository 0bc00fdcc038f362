package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/careerpath/careerpath/lifecycle"
)

// runClassify handles "careerpath classify --career SLUG [FILE|-]".
func runClassify(ctx context.Context, c Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := c.flags("classify", stderr, "db", "content")
	career := fset.String("career", "", "classify for the career `slug` (required)")
	model := fset.String("model", "", "the model `version` to use (default: the champion)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if *career == "" {
		return fmt.Errorf("classify: --career SLUG is required")
	}
	if fset.NArg() > 1 {
		return fmt.Errorf("classify: want at most one FILE (or - for standard input)")
	}
	r := stdin
	if name := fset.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("classify: %w", err)
		}
		defer f.Close()
		r = f
	}
	db, rel, err := openRelevance(ctx, c.DB, c.Content)
	if err != nil {
		return err
	}
	defer db.Close()
	return lifecycle.Classify(ctx, db, rel, *career, *model, r, stdout)
}
