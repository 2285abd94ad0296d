using System.Runtime.CompilerServices;
using Forge.Aws.Protocols;

namespace Forge.Aws.Fsx;

/// <summary>Amazon FSx (API 2018-03-01, awsJson 1.1): the ONTAP volume operations Forge uses.</summary>
public sealed class FsxClient(AwsClientFactory factory)
{
    private readonly AwsJsonClient _json = factory.Json(AwsServices.Fsx);

    /// <summary>
    /// Creates a volume. A request without <c>ClientRequestToken</c> gets a fresh one, left on the request,
    /// so that retries (by the resilience pipeline, or by calling again with the same request object)
    /// cannot create a second volume.
    /// </summary>
    public Task<CreateVolumeResponse> CreateVolumeAsync(CreateVolumeRequest request, string? region = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ClientRequestToken ??= Guid.NewGuid().ToString();
        return _json.InvokeAsync<CreateVolumeRequest, CreateVolumeResponse>("CreateVolume", request, region, cancellationToken);
    }

    public Task<DescribeVolumesResponse> DescribeVolumesAsync(DescribeVolumesRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        _json.InvokeAsync<DescribeVolumesRequest, DescribeVolumesResponse>("DescribeVolumes", request, region, cancellationToken);

    public Task<DeleteVolumeResponse> DeleteVolumeAsync(DeleteVolumeRequest request, string? region = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ClientRequestToken ??= Guid.NewGuid().ToString();
        return _json.InvokeAsync<DeleteVolumeRequest, DeleteVolumeResponse>("DeleteVolume", request, region, cancellationToken);
    }

    public Task<DescribeStorageVirtualMachinesResponse> DescribeStorageVirtualMachinesAsync(
        DescribeStorageVirtualMachinesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        _json.InvokeAsync<DescribeStorageVirtualMachinesRequest, DescribeStorageVirtualMachinesResponse>(
            "DescribeStorageVirtualMachines", request, region, cancellationToken);

    /// <summary>Every volume matching <paramref name="request"/>, following <c>NextToken</c> page by page.</summary>
    public async IAsyncEnumerable<Volume> EnumerateVolumesAsync(DescribeVolumesRequest request, string? region = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.NextToken;
        do
        {
            var page = await DescribeVolumesAsync(new DescribeVolumesRequest
            {
                VolumeIds = request.VolumeIds,
                Filters = request.Filters,
                MaxResults = request.MaxResults,
                NextToken = token,
            }, region, cancellationToken).ConfigureAwait(false);
            foreach (var volume in page.Volumes ?? [])
            {
                yield return volume;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Every SVM matching <paramref name="request"/>, following <c>NextToken</c> page by page.</summary>
    public async IAsyncEnumerable<StorageVirtualMachine> EnumerateStorageVirtualMachinesAsync(
        DescribeStorageVirtualMachinesRequest request, string? region = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.NextToken;
        do
        {
            var page = await DescribeStorageVirtualMachinesAsync(new DescribeStorageVirtualMachinesRequest
            {
                StorageVirtualMachineIds = request.StorageVirtualMachineIds,
                Filters = request.Filters,
                MaxResults = request.MaxResults,
                NextToken = token,
            }, region, cancellationToken).ConfigureAwait(false);
            foreach (var svm in page.StorageVirtualMachines ?? [])
            {
                yield return svm;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }
}
