namespace Forge.LocalCloud.Protocol;

/// <summary>
/// A JSON service whose model also lists rpcv2Cbor (here only CloudWatch): the dispatcher decodes CBOR
/// requests to the same JSON tree and routes only to services that opt in, as other services refuse CBOR.
/// </summary>
public interface ICborLocalService : IJsonLocalService;
