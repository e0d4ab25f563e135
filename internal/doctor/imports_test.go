package doctor

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The split layout's stacks as one set: a base stack that exports the file
// system, its security group, access points, namespace and the services'
// network and cluster, and one stack per service that imports them (app
// also imports db's task security group). yaml/ is the raw form as
// `efsfargate emit -f examples/split.yml --out-dir` writes it, cdk/ the CDK
// form's JSON shape, trimmed to readable logical IDs (its own VPC, subnets
// joined into one export).
var importSets = map[string][]string{
	"yaml": {"notes-dev.yaml", "notes-dev-db.yaml", "notes-dev-app.yaml"},
	"cdk":  {"notes-dev.template.json", "notes-dev-db.template.json", "notes-dev-app.template.json"},
}

// edit replaces old by new in one file of a set; the edit must apply.
type edit struct{ file, old, new string }

// analyzeSet loads a set from testdata/imports/<set>, applies the edits and
// runs every rule over the files together.
func analyzeSet(t *testing.T, set string, edits ...edit) []Finding {
	t.Helper()
	texts := map[string]string{}
	for _, f := range importSets[set] {
		data, err := os.ReadFile(filepath.Join("testdata", "imports", set, f))
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = string(data)
	}
	for _, e := range edits {
		text, ok := texts[e.file]
		if !ok || !strings.Contains(text, e.old) {
			t.Fatalf("edit of %s does not apply: %q", e.file, e.old)
		}
		texts[e.file] = strings.Replace(text, e.old, e.new, 1)
	}
	var srcs []*Source
	for _, f := range importSets[set] {
		src, err := LoadBytes(f, []byte(texts[f]))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	return Analyze(srcs)
}

// ruleSet renders findings as sorted "RULE severity resource" lines,
// the same for one stack and for the split set.
func ruleSet(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+string(f.Severity)+" "+f.Resource)
	}
	sort.Strings(out)
	return out
}

// The split stacks give no finding the single stack of the same spec does
// not: imports are followed to the base stack's file system, mount
// targets, group and access points, where "cannot tell" stood before.
func TestSplitSetMatchesSingleStack(t *testing.T) {
	single := ruleSet(check(t, []string{"imports/single/notes-dev.yaml"}, nil, nil))
	allowed := map[string]bool{}
	for _, l := range single {
		allowed[l] = true
	}
	for set := range importSets {
		for _, l := range ruleSet(analyzeSet(t, set)) {
			if !allowed[l] {
				t.Errorf("%s: %s, which the single stack does not give", set, l)
			}
		}
	}
}

// find returns the findings of rule whose message contains every part.
func find(fs []Finding, rule string, parts ...string) []Finding {
	var out []Finding
	for _, f := range fs {
		ok := f.Rule == rule
		for _, p := range parts {
			ok = ok && strings.Contains(f.Message, p)
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// Each broken variant gives its finding across files, at the file and
// resource that hold the problem.
func TestSplitSetBrokenVariants(t *testing.T) {
	cases := []struct {
		name  string
		set   string
		edits []edit
		rule  string
		sev   Severity
		file  string
		res   string
		parts []string
	}{
		{"mount target only on Select 0", "yaml",
			[]edit{{"notes-dev.yaml", "      SubnetId: !Select\n        - 1\n", "      SubnetId: !Select\n        - 0\n"}},
			"EFD040", Error, "notes-dev-db.yaml", "DbService", []string{"only in its first subnet"}},
		{"service subnets from its own parameter", "yaml",
			[]edit{{"notes-dev-app.yaml", "Resources:\n", "Parameters:\n  SubnetIds:\n    Type: List<AWS::EC2::Subnet::Id>\n\nResources:\n"},
				{"notes-dev-app.yaml", "!Split\n            - ','\n            - !ImportValue notes-dev-ServicesSubnetIds", "!Ref SubnetIds"}},
			"EFD090", Info, "notes-dev-app.yaml", "AppService", []string{"(EFD040)", "subnets come from ${SubnetIds}"}},
		{"service subnets from another export of the base", "yaml",
			[]edit{{"notes-dev.yaml", "Parameters:\n", "Parameters:\n  OtherSubnetIds:\n    Type: List<AWS::EC2::Subnet::Id>\n\n"},
				{"notes-dev.yaml", "Outputs:\n", "Outputs:\n  OtherSubnetIds:\n    Value: !Join [\",\", !Ref OtherSubnetIds]\n    Export:\n      Name: notes-dev-OtherSubnetIds\n\n"},
				{"notes-dev-db.yaml", "ImportValue notes-dev-ServicesSubnetIds", "ImportValue notes-dev-OtherSubnetIds"}},
			"EFD090", Info, "notes-dev-db.yaml", "DbService", []string{"(EFD040)", "${OtherSubnetIds} (in notes-dev.yaml)"}},
		{"service in a subnet of a zone without mount target", "cdk",
			[]edit{{"notes-dev.template.json", `"ClusterEB0386A7": {`, `"VpcPrivateSubnet3": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": {"Fn::Select": [2, {"Fn::GetAZs": ""}]}, "CidrBlock": "10.0.64.0/18", "VpcId": {"Ref": "Vpc8378EB38"}}},
 "ClusterEB0386A7": {`},
				{"notes-dev.template.json", `"Ref": "VpcPrivateSubnet2Subnet3788AAA1"
      }
     ]
    ]`, `"Ref": "VpcPrivateSubnet3"
      }
     ]
    ]`}},
			"EFD040", Error, "notes-dev-app.template.json", "AppService", []string{"subnet ${VpcPrivateSubnet3} (in notes-dev.template.json)", "has no mount target"}},
		{"service stack without its 2049 rule", "yaml",
			[]edit{{"notes-dev-db.yaml", "FromPort: 2049", "FromPort: 5432"}, {"notes-dev-db.yaml", "ToPort: 2049", "ToPort: 5432"}},
			"EFD030", Error, "notes-dev.yaml", "FileSystemSecurityGroup", []string{"service DbService of notes-dev-db.yaml"}},
		{"service stack without its 2049 rule, CDK form", "cdk",
			[]edit{{"notes-dev-app.template.json", `"FromPort": 2049`, `"FromPort": 80`}, {"notes-dev-app.template.json", `"ToPort": 2049`, `"ToPort": 80`}},
			"EFD030", Error, "notes-dev.template.json", "FileSystemSecurityGroup", []string{"service AppService of notes-dev-app.template.json"}},
		{"NFS opened to the internet by a service stack", "yaml",
			[]edit{{"notes-dev-app.yaml", "      SourceSecurityGroupId: !GetAtt AppTaskSecurityGroup.GroupId\n      ToPort: 2049", "      CidrIp: 0.0.0.0/0\n      ToPort: 2049"}},
			"EFD031", Warning, "notes-dev-app.yaml", "AppEFSIngressRule", []string{"0.0.0.0/0"}},
		{"postgres on an imported access point of user 1000", "yaml",
			[]edit{{"notes-dev.yaml", "      PosixUser:\n        Gid: \"999\"\n        Uid: \"999\"", "      PosixUser:\n        Gid: \"1000\"\n        Uid: \"1000\""}},
			"EFD064", Error, "notes-dev-db.yaml", "DbTaskDefinition", []string{"access point PgdataAccessPoint (in notes-dev.yaml)", "1000:1000"}},
		{"postgres on an imported access point of user 1000, CDK form", "cdk",
			[]edit{{"notes-dev.template.json", `"Gid": "999",
     "Uid": "999"`, `"Gid": "1000",
     "Uid": "1000"`}},
			"EFD064", Error, "notes-dev-db.template.json", "DbTaskDefinition", []string{"1000:1000"}},
		{"task role scoped to another imported access point", "yaml",
			[]edit{{"notes-dev-db.yaml", "- AccessPointId: !ImportValue notes-dev-PgdataAccessPointId", "- AccessPointId: !ImportValue notes-dev-UploadsAccessPointId"}},
			"EFD013", Error, "notes-dev-db.yaml", "DbTaskRole", []string{"volume pgdata"}},
		{"imported access point of another file system", "yaml",
			[]edit{{"notes-dev.yaml", "      FileSystemId: !Ref FileSystem\n      PosixUser:\n        Gid: \"999\"", "      FileSystemId: fs-0123456789abcdef0\n      PosixUser:\n        Gid: \"999\""}},
			"EFD005", Error, "notes-dev-db.yaml", "DbTaskDefinition", []string{"access point PgdataAccessPoint (in notes-dev.yaml) belongs to fs-0123456789abcdef0"}},
		{"read-only mount of an imported access point with ClientWrite", "yaml",
			[]edit{{"notes-dev-db.yaml", "ReadOnly: false", "ReadOnly: true"}},
			"EFD016", Warning, "notes-dev-db.yaml", "DbTaskRole", []string{"access point !ImportValue notes-dev-PgdataAccessPointId"}},
		{"root access beside an imported access point that sets a user", "yaml",
			[]edit{{"notes-dev-db.yaml", "                  - elasticfilesystem:ClientWrite\n", "                  - elasticfilesystem:ClientWrite\n                  - elasticfilesystem:ClientRootAccess\n"}},
			"EFD012", Warning, "notes-dev-db.yaml", "DbTaskRole", []string{"ClientRootAccess", "non-root POSIX user"}},
		{"no ClientMount, the base's file system has a policy", "yaml",
			[]edit{{"notes-dev-db.yaml", "                  - elasticfilesystem:ClientMount\n                  - elasticfilesystem:ClientWrite\n", "                  - elasticfilesystem:DescribeMountTargets\n"}},
			"EFD010", Error, "notes-dev-db.yaml", "DbTaskRole", []string{"ClientMount"}},
		{"no ClientMount, the base's file system has no policy", "yaml",
			[]edit{{"notes-dev-db.yaml", "                  - elasticfilesystem:ClientMount\n                  - elasticfilesystem:ClientWrite\n", "                  - elasticfilesystem:DescribeMountTargets\n"},
				{"notes-dev.yaml", "      FileSystemPolicy:\n", "      Unused:\n"}},
			"EFD010", Warning, "notes-dev-db.yaml", "DbTaskRole", []string{"file system FileSystem (in notes-dev.yaml) has no FileSystemPolicy"}},
		{"a service stack exports a name the base exports", "yaml",
			[]edit{{"notes-dev-app.yaml", "Outputs:\n", "Outputs:\n  FileSystemId:\n    Value: !Ref AppLogGroup\n    Export:\n      Name: notes-dev-FileSystemId\n\n"}},
			"EFD026", Error, "notes-dev-app.yaml", "FileSystemId", []string{"output FileSystemId of notes-dev.yaml"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := analyzeSet(t, tc.set, tc.edits...)
			got := find(fs, tc.rule, tc.parts...)
			for _, f := range got {
				if f.Severity == tc.sev && f.File == tc.file && f.Resource == tc.res && f.Line > 0 {
					return
				}
			}
			t.Errorf("no %s %s finding in %s [%s] with %q:%s", tc.sev, tc.rule, tc.file, tc.res, tc.parts, dump(fs))
		})
	}
}

// analyzeTexts runs the doctor over in-memory files, in the order given.
func analyzeTexts(t *testing.T, files ...[2]string) []Finding {
	t.Helper()
	var srcs []*Source
	for _, f := range files {
		src, err := LoadBytes(f[0], []byte(f[1]))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	return Analyze(srcs)
}

// A placeholder moved into another template's space is qualified by the
// file it belongs to, and moved back it is the same again.
func TestRequalify(t *testing.T) {
	w := &World{byTag: map[string]*Template{}}
	a := &Template{Src: &Source{File: "a.yaml"}, w: w, tag: makeTag("a.yaml")}
	b := &Template{Src: &Source{File: "b.yaml"}, w: w, tag: makeTag("b.yaml")}
	w.byTag[a.tag], w.byTag[b.tag] = a, b
	in := "arn:${AWS::Partition}:x/${Res:FileSystem}/${Select:0:${Param:Subnets}}/${AWS::StackName}/${Import:n}"
	inB := requalify(in, a, b)
	want := "arn:${AWS::Partition}:x/${⟦a.yaml⟧Res:FileSystem}/${Select:0:${⟦a.yaml⟧Param:Subnets}}/${⟦a.yaml⟧AWS::StackName}/${Import:n}"
	if inB != want {
		t.Errorf("a to b:\n got %s\nwant %s", inB, want)
	}
	if back := requalify(inB, b, a); back != in {
		t.Errorf("back to a: %s", back)
	}
	if global(Val{Canon: "${Res:FileSystem}"}, a) == global(Val{Canon: "${Res:FileSystem}"}, b) {
		t.Error("FileSystem of a.yaml and of b.yaml are one value")
	}
	if got := w.tagsIn(inB); len(got) != 1 || got[0] != a {
		t.Errorf("tagsIn: %v", got)
	}
	if got := pretty("${⟦a.yaml⟧Res:FileSystem}"); got != "${FileSystem} (in a.yaml)" {
		t.Errorf("pretty: %s", got)
	}
	if tag := makeTag("x${y}⟧.yaml"); strings.Count(tag, tagClose) != 1 || strings.ContainsAny(tag, "${}") {
		t.Errorf("tag %q keeps delimiters", tag)
	}
}

// Two copies of one stack: every export is reported twice-declared, and
// nothing of one file is mistaken for the other's (same logical IDs).
func TestSameStackTwice(t *testing.T) {
	data, err := os.ReadFile("testdata/imports/single/notes-dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fs := analyzeTexts(t, [2]string{"one.yaml", string(data)}, [2]string{"two.yaml", string(data)})
	if len(fs) == 0 {
		t.Fatal("no finding")
	}
	for _, f := range fs {
		if f.Rule != "EFD026" || f.File != "two.yaml" || !strings.Contains(f.Message, "of one.yaml exports too") {
			t.Errorf("unexpected %s %s [%s]: %s", f.Location(), f.Rule, f.Resource, f.Message)
		}
	}
}

// What the files cannot fix stays "cannot tell": an import nobody given
// exports, a name two templates export, and an export named after the
// stack, whose name the files do not hold.
func TestImportsLeftUnknown(t *testing.T) {
	for name, edits := range map[string][]edit{
		"base not given":     nil,
		"two exporters":      {{"notes-dev-app.yaml", "Outputs:\n", "Outputs:\n  Again:\n    Value: fs-0123456789abcdef0\n    Export:\n      Name: notes-dev-FileSystemId\n\n"}},
		"stack-named export": {{"notes-dev.yaml", "      Name: notes-dev-FileSystemId", "      Name: !Sub ${AWS::StackName}-FileSystemId"}},
	} {
		t.Run(name, func(t *testing.T) {
			fs := analyzeSet(t, "yaml", edits...)
			if name == "base not given" {
				fs = analyzeSetWithout(t, "notes-dev.yaml")
			}
			if len(find(fs, "EFD090", "service DbService has a mount target", "(EFD040)")) != 1 {
				t.Errorf("no cannot-tell for DbService's mount targets:%s", dump(fs))
			}
		})
	}
}

// analyzeSetWithout runs the yaml set without one file.
func analyzeSetWithout(t *testing.T, skip string) []Finding {
	t.Helper()
	var files [][2]string
	for _, f := range importSets["yaml"] {
		if f == skip {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", "imports", "yaml", f))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, [2]string{f, string(data)})
	}
	return analyzeTexts(t, files...)
}

// Exports that import each other (hostile input) end in "unknown", not a
// loop: a imports b's export, which imports a's.
func TestImportCycle(t *testing.T) {
	a := `Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !ImportValue b-out
Outputs:
  Out:
    Value: !ImportValue b-out
    Export:
      Name: a-out
`
	b := strings.ReplaceAll(strings.ReplaceAll(a, "b-out", "x"), "a-out", "b-out")
	b = strings.ReplaceAll(b, "x", "a-out")
	done := make(chan []Finding, 1)
	go func() { done <- analyzeTexts(t, [2]string{"a.yaml", a}, [2]string{"b.yaml", b}) }()
	select {
	case fs := <-done:
		for _, f := range fs {
			if f.Rule == "EFD026" {
				t.Errorf("unexpected %s", f.Message)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer in 10s")
	}
	w := build(mustLoad(t, [2]string{"a.yaml", a}, [2]string{"b.yaml", b}))
	v := resolver{w.Templates[0]}.eval(w.Templates[0].Resources["Group"].Props.Get("GroupDescription"))
	if v.LitOK || !strings.Contains(v.Canon, "${Import:") {
		t.Errorf("a cycle resolved to %+v", v)
	}
}

func mustLoad(t *testing.T, files ...[2]string) []*Source {
	t.Helper()
	var srcs []*Source
	for _, f := range files {
		src, err := LoadBytes(f[0], []byte(f[1]))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	return srcs
}

// FuzzImports checks arbitrary input as one more stack beside the split
// set's base and db stacks, so that imports into and out of it, cycles
// and duplicate exports meet hostile values: never a panic or a hang.
func FuzzImports(f *testing.F) {
	var set [][2]string
	for _, name := range importSets["yaml"][:2] {
		data, err := os.ReadFile(filepath.Join("testdata", "imports", "yaml", name))
		if err != nil {
			f.Fatal(err)
		}
		set = append(set, [2]string{name, string(data)})
		f.Add(data)
	}
	if data, err := os.ReadFile("testdata/imports/yaml/notes-dev-app.yaml"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		src, err := LoadBytes("fuzz.yaml", data)
		if err != nil {
			return
		}
		srcs := []*Source{src}
		for _, s := range set {
			loaded, err := LoadBytes(s[0], []byte(s[1]))
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, loaded)
		}
		done := make(chan []Finding, 1)
		go func() { done <- Analyze(srcs) }()
		select {
		case fs := <-done:
			for _, fd := range fs {
				if fd.Rule == "" || fd.Message == "" {
					t.Fatalf("incomplete finding %+v", fd)
				}
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer in 10s for %q", data)
		}
	})
}

// The 2049 rule may live in either stack: here the base stack admits the
// db tasks' group, which the db stack exports, instead of the db stack
// adding the rule to the base's group.
func TestSplitSetRuleInBase(t *testing.T) {
	fs := analyzeSet(t, "yaml",
		edit{"notes-dev-db.yaml", "      GroupId: !ImportValue notes-dev-FileSystemSecurityGroupId\n", "      GroupId: !ImportValue notes-dev-ServicesVpcId\n"},
		edit{"notes-dev.yaml", "  MountTarget1:\n", `  DbEFSIngressRule:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      FromPort: 2049
      GroupId: !Ref FileSystemSecurityGroup
      IpProtocol: tcp
      SourceSecurityGroupId: !ImportValue notes-dev-DbTaskSecurityGroupId
      ToPort: 2049

  MountTarget1:
`})
	if len(fs) != 0 {
		t.Errorf("findings:%s", dump(fs))
	}
	// Without the base's rule, the db service has none.
	fs = analyzeSet(t, "yaml",
		edit{"notes-dev-db.yaml", "      GroupId: !ImportValue notes-dev-FileSystemSecurityGroupId\n", "      GroupId: !ImportValue notes-dev-ServicesVpcId\n"})
	if len(find(fs, "EFD030", "service DbService of notes-dev-db.yaml")) != 1 {
		t.Errorf("no EFD030 for DbService:%s", dump(fs))
	}
}

// The tasks' egress is checked against the group imported from the base:
// TCP 2049 to it is enough, HTTPS only is not (EFD032).
func TestSplitSetEgress(t *testing.T) {
	allowAll := "        - CidrIp: 0.0.0.0/0\n          Description: Allow all outbound traffic by default\n          IpProtocol: \"-1\"\n"
	toGroup := "        - DestinationSecurityGroupId: !ImportValue notes-dev-FileSystemSecurityGroupId\n          IpProtocol: tcp\n          FromPort: 2049\n          ToPort: 2049\n"
	if fs := analyzeSet(t, "yaml", edit{"notes-dev-db.yaml", allowAll, toGroup}); len(fs) != 0 {
		t.Errorf("2049 to the imported group:%s", dump(fs))
	}
	https := "        - CidrIp: 0.0.0.0/0\n          IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n"
	fs := analyzeSet(t, "yaml", edit{"notes-dev-db.yaml", allowAll, https})
	if got := find(fs, "EFD032", "DbTaskSecurityGroup"); len(got) != 1 || got[0].File != "notes-dev-db.yaml" {
		t.Errorf("HTTPS only:%s", dump(fs))
	}
}
