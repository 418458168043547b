package report

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit renders one test suite per lane and one test case per hotfix
// commit: a failure for a missing commit (with the command that backports
// it), skipped for a waived one, a pass with its evidence otherwise.
func JUnit(rep verdict.Report) ([]byte, error) {
	s := rep.Summary()
	out := junitSuites{Name: "hotlane backport gate", Tests: s.Commits, Failures: s.Missing}
	for _, l := range rep.Lanes {
		suite := junitSuite{Name: xmlSafe(l.Lane), Tests: len(l.Verdicts)}
		for _, v := range l.Verdicts {
			c := junitCase{Name: xmlSafe(short(v.Commit.SHA) + " " + v.Commit.Subject), Classname: xmlSafe("hotlane." + l.Lane)}
			switch v.Status {
			case verdict.Missing:
				suite.Failures++
				c.Failure = &junitFailure{Type: "missing",
					Message: xmlSafe(fmt.Sprintf("hotfix commit %s is missing from the candidate", short(v.Commit.SHA))),
					Text: xmlSafe(fmt.Sprintf("%s by %s is on %s but not in %s.%s\nBackport it: %s\nor, %s.",
						v.Commit.Subject, v.Commit.Author, l.Lane, short(rep.Candidate), why(v), verdict.Remedy(v), WaiveHint))}
			case verdict.Waived:
				suite.Skipped++
				out.Skipped++
				c.Skipped = &junitSkipped{Message: xmlSafe("waived: " + Evidence(v))}
			default:
				c.SystemOut = xmlSafe(v.Status + ": " + Evidence(v))
			}
			suite.Cases = append(suite.Cases, c)
		}
		out.Suites = append(out.Suites, suite)
	}
	data, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(data, '\n')...), nil
}

// xmlSafe drops characters XML 1.0 cannot hold at all (most control
// characters) and shows bidi controls and other invisible characters as
// escapes (ci.Hidden: a test name must read as what it is in Jenkins);
// encoding/xml escapes the rest.
func xmlSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case ci.Hidden(r):
			b.WriteString(ci.EscapeRune(r))
		case r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// why is a missing verdict's evidence (an unverified claim, a copy --strict
// refused) as a sentence of its own.
func why(v verdict.Verdict) string {
	if v.Evidence == "" {
		return ""
	}
	return "\nWhy: " + v.Evidence
}
