package plan

// RefKind says what a Ref stands for.
type RefKind int

const (
	// RefLiteral is Name as written.
	RefLiteral RefKind = iota
	// RefAny is the resource "*".
	RefAny
	// RefPattern is an ARN pattern with ${AWS::…} pseudo parameters only
	// (rendered with Fn::Sub).
	RefPattern
	// RefFileSystemARN is the ARN of the stack's file system.
	RefFileSystemARN
	// RefAccessPointARN is the ARN of volume Name's access point.
	RefAccessPointARN
	// RefLogGroupARN is the ARN of the service's own log group.
	RefLogGroupARN
)

// Ref is a value inside a statement that each form renders with its own
// objects: the file system's ARN is a Fn::Sub of its logical ID in the raw
// form and of the construct's token in the CDK form.
type Ref struct {
	Kind RefKind
	Name string
}

func Literal(s string) Ref          { return Ref{Kind: RefLiteral, Name: s} }
func AnyResource() Ref              { return Ref{Kind: RefAny} }
func Pattern(p string) Ref          { return Ref{Kind: RefPattern, Name: p} }
func FileSystemARN() Ref            { return Ref{Kind: RefFileSystemARN} }
func AccessPointARN(vol string) Ref { return Ref{Kind: RefAccessPointARN, Name: vol} }
func LogGroupARN() Ref              { return Ref{Kind: RefLogGroupARN} }

// ARNPrefix starts every EFS ARN; partition, region and account come from
// pseudo parameters so a template deploys anywhere.
const ARNPrefix = "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:"

// FileSystemARNPattern is the Fn::Sub pattern of the ARN of the file system
// whose id is id (a literal, or a ${Var} the form binds). The ARN is built
// from the id rather than read with Fn::GetAtt: an existing file system has
// no attribute to read, and some emulators crash on GetAtt Arn.
func FileSystemARNPattern(id string) string { return ARNPrefix + "file-system/" + id }

// AccessPointARNPattern is the Fn::Sub pattern of an access point's ARN
// from its id, for access points not made in the stack.
func AccessPointARNPattern(id string) string { return ARNPrefix + "access-point/" + id }
