"""A draft's attachments get an order (``position``) the publisher sets and the record page
follows. A database default (the release before this one inserts rows without the column);
existing rows keep 0 and so their upload order (``id`` breaks the tie)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_search_layout_repair")]

    operations = [
        migrations.AlterModelOptions(name="attachment", options={"ordering": ["position", "id"]}),
        migrations.AddField(
            model_name="attachment",
            name="position",
            field=models.PositiveIntegerField(default=0, db_default=0),
        ),
    ]
