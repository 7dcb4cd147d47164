"""django-simple-history, with two costs of every history entry taken out.

Every curated model keeps its history with `HistoricalRecords` from here: the library's class,
whose entries are the same, with
- its manager class built once per model, where the library builds a new class (walking the
  queryset's methods) on every `instance.history` and every history entry written;
- a many-to-many snapshot that reads only the link rows' own columns, where the library rebuilds
  the object from its new history row (a query for its deferred columns) and joins every related
  row (one join per field) to copy a few ids; and that reads nothing for a row just created, which
  cannot have links yet.
"""

from simple_history import models as simple_history_models
from simple_history import utils
from simple_history.manager import HistoryDescriptor
from simple_history.signals import (
    post_create_historical_m2m_records,
    pre_create_historical_m2m_records,
)


class _HistoryDescriptor(HistoryDescriptor):
    """The library's descriptor, with the manager class built on first use and then kept."""

    def __get__(self, instance, owner):
        manager_class = self.__dict__.get("_manager_with_queryset")
        if manager_class is None:
            manager_class = self.manager_class.from_queryset(self.queryset_class)
            self._manager_with_queryset = manager_class
        return manager_class(self.model, instance)


def _kept(descriptor: HistoryDescriptor) -> _HistoryDescriptor:
    return _HistoryDescriptor(
        descriptor.model, manager=descriptor.manager_class, queryset=descriptor.queryset_class
    )


class HistoricalRecords(simple_history_models.HistoricalRecords):
    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if sender is not self.cls or type(descriptor) is not HistoryDescriptor:
            return  # another model's class_prepared (the library listens to all of them)
        setattr(sender, self.manager_name, _kept(descriptor))
        history_model = descriptor.model
        for field in self.get_m2m_fields_from_model(sender):
            setattr(history_model, field.name, _kept(history_model.__dict__[field.name]))

    def create_historical_record_m2ms(self, history_instance, instance):
        for field in history_instance._history_m2m_fields:
            m2m_history_model = self.m2m_models[field]
            through_model = field.remote_field.through
            columns = [column.attname for column in through_model._meta.fields]
            rows = []
            if history_instance.history_type != "+":
                links = through_model._default_manager.filter(
                    **{utils.get_m2m_field_name(field): instance.pk}
                ).values_list(*columns)
                rows = [
                    m2m_history_model(
                        history=history_instance, **dict(zip(columns, link, strict=True))
                    )
                    for link in links
                ]
            pre_create_historical_m2m_records.send(
                sender=m2m_history_model,
                rows=rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )
            created_rows = m2m_history_model.objects.bulk_create(rows) if rows else []
            post_create_historical_m2m_records.send(
                sender=m2m_history_model,
                created_rows=created_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )
