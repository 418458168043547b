// Command hotlane-benchgen makes a large repository for the gate's
// benchmark (scripts/bench-check) with git fast-import. See
// internal/benchgen.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hotlane/hotlane/scripts/tools/benchgen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "hotlane-benchgen:", err)
		os.Exit(1)
	}
}

func run() error {
	var o benchgen.Options
	dir := flag.String("dir", "", "where to create the repository (must not exist)")
	flag.StringVar(&o.Shape, "shape", "short", "short (many lanes of a few hotfixes) or long (a few long-lived lanes: vendor bumps, PR branches)")
	flag.IntVar(&o.MainCommits, "commits", 50000, "commits on main")
	flag.IntVar(&o.LaneCommits, "lane-commits", 600, "long shape: hotfix commits per lane, on average")
	flag.IntVar(&o.Lanes, "lanes", 200, "releases, each with a lane")
	flag.IntVar(&o.Files, "files", 3000, "files the main line edits")
	flag.Int64Var(&o.Seed, "seed", 1, "random seed")
	flag.Parse()
	if *dir == "" {
		return fmt.Errorf("-dir is required")
	}
	if err := git("", "init", "-q", "-b", "main", *dir); err != nil {
		return err
	}
	marks := filepath.Join(*dir, ".git", "hotlane-marks")
	var m benchgen.Manifest
	err := fastImport(*dir, []string{"--export-marks=" + marks}, func(w io.Writer) error {
		var err error
		m, err = benchgen.Write(w, o)
		return err
	})
	if err != nil {
		return err
	}
	shas, err := readMarks(marks)
	if err != nil {
		return err
	}
	if err := fastImport(*dir, []string{"--import-marks=" + marks}, func(w io.Writer) error { return benchgen.WritePicks(w, m, shas) }); err != nil {
		return err
	}
	if err := git(*dir, "repack", "-adq"); err != nil {
		return err
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

func fastImport(dir string, args []string, write func(io.Writer) error) error {
	cmd := exec.Command("git", append([]string{"fast-import", "--quiet"}, args...)...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	werr := write(in)
	in.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	return werr
}

func readMarks(path string) (map[int]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	shas := map[int]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		mark, sha, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(mark, ":"))
		if err != nil {
			return nil, err
		}
		shas[n] = sha
	}
	return shas, sc.Err()
}

func git(dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	return cmd.Run()
}
