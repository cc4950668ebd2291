namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Turns a database failure inside a grain call (a state write, a reminder, one of our own PostgreSQL stores) into a
/// <see cref="Orleans.Netflix.Common.StorageUnavailableException"/> for the caller (see <see cref="DatabaseFailures"/>).
/// A failure while activating a grain (its state read) never reaches a call filter: <see cref="StorageFailureGrainStorage"/>
/// says those.
/// </summary>
public sealed class StorageFailureCallFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? call : Translated(call, context);
    }

    private static async Task Translated(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (DatabaseFailures.Translate(e, $"serving {context.MethodName} on {context.TargetId}") is { } translated && translated != e)
        {
            throw translated;
        }
    }
}
