import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="release_download_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="申请人可在查询页面下载公开文件的天数，自答复之日起计算；不填则为 90 日。",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(7),
                    django.core.validators.MaxValueValidator(3650),
                ],
                verbose_name="公开文件网上获取期限（日）",
            ),
        ),
    ]
