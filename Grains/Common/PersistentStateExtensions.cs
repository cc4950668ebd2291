namespace Orleans.Netflix.Grains.Common;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, reloads what storage holds so the activation never serves
    /// a change that was not saved, then rethrows for the caller to see.
    /// </summary>
    public static async Task WriteOrRollBackAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // Storage is down for reads too; the write's exception is the one worth reporting.
            }
            throw;
        }
    }
}
