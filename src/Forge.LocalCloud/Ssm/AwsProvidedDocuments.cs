namespace Forge.LocalCloud.Ssm;

/// <summary>The AWS-owned Run Command documents every region has, with AWS's schema 1.2 content.</summary>
public static class AwsProvidedDocuments
{
    public const string RunShellScript = "AWS-RunShellScript";
    public const string RunPowerShellScript = "AWS-RunPowerShellScript";

    public static IReadOnlyDictionary<string, string> Contents { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RunShellScript] = Script("Run a shell script or specify the commands to run.",
            "(Required) Specify a shell script or a command to run.", "aws:runShellScript"),
        [RunPowerShellScript] = Script("Run a PowerShell script or specify the paths to scripts to run.",
            "(Required) Enter a command or the path to a script to run.", "aws:runPowerShellScript"),
    };

    private static string Script(string description, string commands, string plugin) => $$$"""
        {
          "schemaVersion": "1.2",
          "description": "{{{description}}}",
          "parameters": {
            "commands": {
              "type": "StringList",
              "description": "{{{commands}}}",
              "minItems": 1,
              "displayType": "textarea"
            },
            "workingDirectory": {
              "type": "String",
              "default": "",
              "description": "(Optional) The path to the working directory on your instance.",
              "maxChars": 4096
            },
            "executionTimeout": {
              "type": "String",
              "default": "3600",
              "description": "(Optional) The time in seconds for a command to complete before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).",
              "allowedPattern": "([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)"
            }
          },
          "runtimeConfig": {
            "{{{plugin}}}": {
              "properties": [
                {
                  "id": "0.{{{plugin}}}",
                  "runCommand": "{{ commands }}",
                  "workingDirectory": "{{ workingDirectory }}",
                  "timeoutSeconds": "{{ executionTimeout }}"
                }
              ]
            }
          }
        }
        """;
}
