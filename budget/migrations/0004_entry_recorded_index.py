from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0003_titles_in_languages'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(fields=['fund', 'recorded_at', 'id'], name='entry_fund_recorded'),
        ),
    ]
