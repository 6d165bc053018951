using System.Text;
using System.Text.Json;
using Rankitect.Data;

namespace Rankitect.Export;

/// <summary>The feature schema as JSON, stored in the exported model's metadata so a reader of the .onnx file
/// knows which columns and fields it expects without Rankitect's types.</summary>
internal static class FeatureSchemaJson
{
    /// <summary>Writes the label, the dense slots, and each field's name, cardinality and code position.</summary>
    public static string Write(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("labelColumn", schema.LabelColumnName);
            json.WriteString("denseColumn", FeatureSchema.DenseColumnName);
            json.WriteStartArray("denseSlots");
            foreach (var slot in schema.DenseSlotNames)
                json.WriteStringValue(slot);
            json.WriteEndArray();
            json.WriteString("sparseCodesColumn", FeatureSchema.SparseCodesColumnName);
            json.WriteStartArray("fields");
            foreach (var field in schema.Fields)
            {
                json.WriteStartObject();
                json.WriteString("name", field.Name);
                json.WriteNumber("cardinality", field.Cardinality);
                json.WriteNumber("codeOffset", field.CodeOffset);
                json.WriteNumber("codeWidth", field.CodeWidth);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
