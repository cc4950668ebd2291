using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Wraps a grain storage provider so that a database failure (reading a grain's state as it activates, writing it, clearing it)
/// reaches the caller as a one-line <see cref="Orleans.Netflix.Common.StorageUnavailableException"/> rather than an exception
/// Orleans cannot send to a client (see <see cref="DatabaseFailures"/>); the database's own error is logged here, once,
/// without its stack. Passes the provider's silo lifecycle through, so it still starts as before.
/// </summary>
public sealed class StorageFailureGrainStorage(IGrainStorage inner, string name, ILogger<StorageFailureGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.ReadStateAsync(stateName, grainId, grainState), "loading", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.WriteStateAsync(stateName, grainId, grainState), "saving", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.ClearStateAsync(stateName, grainId, grainState), "clearing", stateName, grainId);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private Task Guard(Task operation, string verb, string stateName, GrainId grainId) =>
        operation.IsCompletedSuccessfully ? operation : Translated(operation, verb, stateName, grainId);

    private async Task Translated(Task operation, string verb, string stateName, GrainId grainId)
    {
        try
        {
            await operation;
        }
        catch (Exception e) when (DatabaseFailures.Translate(e, $"{verb} {stateName} of {grainId}") is { } translated && translated != e)
        {
            logger.LogWarning("Storage {Storage} failed {Verb} {State} of {Grain}: {Reason}", name, verb, stateName, grainId, translated.Reason);
            throw translated;
        }
    }
}

public static class StorageFailureServices
{
    /// <summary>
    /// Wraps every grain storage provider registered so far in <see cref="StorageFailureGrainStorage"/>. Orleans registers a
    /// provider as a keyed <see cref="IGrainStorage"/> and, when it takes part in the silo lifecycle, a participant that
    /// resolves that same keyed service, which the wrapper passes through.
    /// </summary>
    public static IServiceCollection AddStorageFailureTranslation(this IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IGrainStorage) || !descriptor.IsKeyedService || descriptor.ServiceKey is not string name) continue;
            services[i] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(name, (sp, key) => new StorageFailureGrainStorage(
                Create(descriptor, sp, key), name, sp.GetRequiredService<ILogger<StorageFailureGrainStorage>>()));
        }
        return services;
    }

    private static IGrainStorage Create(ServiceDescriptor descriptor, IServiceProvider services, object? key) => (IGrainStorage)(
        descriptor.KeyedImplementationInstance
        ?? descriptor.KeyedImplementationFactory?.Invoke(services, key)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.KeyedImplementationType!));
}
