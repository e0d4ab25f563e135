package doctor

import "testing"

const resolveTemplate = `
Parameters:
  FsId: {Type: String}
  Stage: {Type: String, Default: prod}
  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-a, subnet-b'}
  Bare: {Type: 'List<AWS::EC2::Subnet::Id>'}
Mappings:
  Sizes:
    prod: {cpu: '1024'}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  FileSystem: {Type: AWS::EFS::FileSystem}
  Group: {Type: AWS::EC2::SecurityGroup}
  Values:
    Type: Custom::Values
    Properties:
      SubArn: !Sub arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}
      JoinArn: !Join ['', ['arn:', !Ref 'AWS::Partition', ':elasticfilesystem:', !Ref 'AWS::Region', ':', !Ref 'AWS::AccountId', ':file-system/', !Ref FileSystem]]
      LongJoinArn: {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":elasticfilesystem:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":file-system/", {"Ref": "FileSystem"}]]}
      SubVars: !Sub ['arn:${P}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Id}', {P: !Ref 'AWS::Partition', Id: !GetAtt FileSystem.FileSystemId}]
      ParamArn: !Sub 'file-system/${FsId}'
      Defaulted: !Sub 'app-${Stage}'
      Escaped: !Sub 'literal ${!Stage}'
      GroupRef: !Ref Group
      GroupAtt: !GetAtt Group.GroupId
      GroupAttLong: {"Fn::GetAtt": "Group.GroupId"}
      Second: !Select [1, !Ref Subnets]
      SecondBare: !Select [1, !Ref Bare]
      SecondAZ: !Select [1, !GetAZs '']
      Imported: !ImportValue shared-fs-id
      Split: !Select [2, !Split [',', 'a,b,c']]
      FromMap: !FindInMap [Sizes, !Ref Stage, cpu]
      Either: !If [IsProd, 'x', 'y']
      Same: !If [IsProd, 'x', 'x']
      NoValue: !Ref AWS::NoValue
`

func TestResolve(t *testing.T) {
	src, err := LoadBytes("t.yaml", []byte(resolveTemplate))
	if err != nil {
		t.Fatal(err)
	}
	tpl := newTemplate(src)
	r := resolver{tpl}
	props := tpl.Resources["Values"].Props
	val := func(k string) Val { return r.eval(props.Get(k)) }

	arn := "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Res:FileSystem}"
	for _, k := range []string{"SubArn", "JoinArn", "LongJoinArn", "SubVars"} {
		if got := val(k).Canon; got != arn {
			t.Errorf("%s = %s, want %s", k, got, arn)
		}
	}
	cases := []struct {
		key, canon, lit string
		litOK           bool
	}{
		{"ParamArn", "file-system/${Param:FsId}", "", false},
		{"Defaulted", "app-${Param:Stage}", "app-prod", true},
		{"Escaped", "literal ${Stage}", "literal ${Stage}", true},
		{"GroupRef", "${Res:Group}", "", false},
		{"GroupAtt", "${Res:Group}", "", false},
		{"GroupAttLong", "${Res:Group}", "", false},
		{"Second", "${Select:1:${Param:Subnets}}", "subnet-b", true},
		{"SecondBare", "${Select:1:${Param:Bare}}", "", false},
		{"SecondAZ", "${Select:1:${GetAZs:}}", "", false},
		{"Imported", "${Import:shared-fs-id}", "", false},
		{"Split", "c", "c", true},
		{"FromMap", "1024", "1024", true},
		{"Either", "${If:IsProd:x|y}", "", false},
		{"Same", "x", "x", true},
	}
	for _, c := range cases {
		v := val(c.key)
		if v.Canon != c.canon || v.Lit != c.lit || v.LitOK != c.litOK {
			t.Errorf("%s = {%q %q %v}, want {%q %q %v}", c.key, v.Canon, v.Lit, v.LitOK, c.canon, c.lit, c.litOK)
		}
		if !v.LitOK && v.Why == "" {
			t.Errorf("%s: unknown value without a reason", c.key)
		}
	}
	if v := val("NoValue"); !v.Absent {
		t.Errorf("AWS::NoValue = %+v, want absent", v)
	}
	if v := val("Missing"); !v.Absent {
		t.Errorf("missing property = %+v, want absent", v)
	}
	list := r.eval(props.Get("Second").Get("Fn::Select").Items()[1])
	if !list.List || list.ListParam != "Subnets" || len(list.Items) != 2 || list.Items[0].Canon != "${Select:0:${Param:Subnets}}" {
		t.Errorf("Ref of a List parameter with a default = %+v", list)
	}
	if got := pretty(val("SecondAZ").Canon); got != "!Select [1, !GetAZs '']" {
		t.Errorf("pretty = %q", got)
	}
	if got := show(val("Imported")); got != "!ImportValue shared-fs-id" {
		t.Errorf("show = %q", got)
	}
}
