using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Refuses a call to any <see cref="INetflixGrain"/> whose key breaks <see cref="GrainKeys"/>' rule,
/// before the method body runs, so no grain stores anything under a bad id.
/// </summary>
public sealed class GrainKeyValidationFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext.GrainInstance is INetflixGrain)
        {
            var problem = GrainKeys.Problem(context.TargetId.Key.ToString());
            if (problem is not null) throw new InvalidIdException(context.TargetId.Type.ToString() ?? "grain", problem);
        }
        return context.Invoke();
    }
}
