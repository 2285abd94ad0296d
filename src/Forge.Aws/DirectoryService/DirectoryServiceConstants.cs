namespace Forge.Aws.DirectoryService;

/// <summary>Values of <c>DirectoryStage</c>. WorkSpaces can register a directory only while it is Active.</summary>
public static class DirectoryStage
{
    public const string Requested = "Requested";
    public const string Creating = "Creating";
    public const string Created = "Created";
    public const string Active = "Active";
    public const string Inoperable = "Inoperable";
    public const string Impaired = "Impaired";
    public const string Restoring = "Restoring";
    public const string RestoreFailed = "RestoreFailed";
    public const string Deleting = "Deleting";
    public const string Deleted = "Deleted";
    public const string Failed = "Failed";
    public const string Updating = "Updating";
}

/// <summary>Values of <c>DirectoryType</c>.</summary>
public static class DirectoryType
{
    public const string SimpleAD = "SimpleAD";
    public const string ADConnector = "ADConnector";
    public const string MicrosoftAD = "MicrosoftAD";
    public const string SharedMicrosoftAD = "SharedMicrosoftAD";
}

/// <summary>Values of <c>DirectoryEdition</c>.</summary>
public static class DirectoryEdition
{
    public const string Enterprise = "Enterprise";
    public const string Standard = "Standard";
    public const string Hybrid = "Hybrid";
}

/// <summary>Values of <c>DirectorySize</c> (Simple AD and AD Connector).</summary>
public static class DirectorySize
{
    public const string Small = "Small";
    public const string Large = "Large";
}

/// <summary>Directory Service error codes: the model's error shape names.</summary>
public static class DirectoryServiceErrorCodes
{
    public const string EntityDoesNotExistException = "EntityDoesNotExistException";
    public const string InvalidParameterException = "InvalidParameterException";
    public const string InvalidNextTokenException = "InvalidNextTokenException";
    public const string ClientException = "ClientException";
    public const string ServiceException = "ServiceException";
    public const string UserDoesNotExistException = "UserDoesNotExistException";
    public const string InvalidPasswordException = "InvalidPasswordException";
}
