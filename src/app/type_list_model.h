// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "map/live_event.h"

#include <QAbstractListModel>
#include <QColor>
#include <QtQml/qqmlregistration.h>

#include <string_view>
#include <vector>

namespace pulsemap {

// The event types seen so far, in order of first appearance, with their legend color, count and
// visibility: the model behind the legend and its show/hide toggles. At most kMaxTypes; later
// newcomers share the last slot ("other"), so colors and memory stay bounded whatever a stream sends.
//
// Threading: GUI thread only (an item model for QML views).
class TypeListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by LiveModel")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)

public:
    // As many rows as types the map tells apart (the layers' colors and visibility bits).
    static constexpr int kMaxTypes = kMaxEventTypes;
    // ShownRole is named "shown" for QML: a delegate's `required property bool visible` would shadow
    // Item.visible.
    enum Role { NameRole = Qt::UserRole + 1, ColorRole, CountRole, ShownRole };

    explicit TypeListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    // The index for a type name, adding it when new. Cheap for the common case of a known type.
    int indexOf(std::string_view name);
    void addCounts(const std::vector<int64_t> &perType); // per index, since the last call
    [[nodiscard]] QColor color(int index) const;
    [[nodiscard]] QList<QColor> colors() const;
    [[nodiscard]] bool isVisible(int index) const;
    Q_INVOKABLE void setVisible(int index, bool visible);
    Q_INVOKABLE void toggle(int index) { setVisible(index, !isVisible(index)); }

signals:
    void countChanged();
    void visibilityChanged(int index, bool visible);
    void colorsChanged();

private:
    struct Type
    {
        std::string name;
        QColor color;
        qint64 count = 0;
        bool visible = true;
    };
    std::vector<Type> m_types;
};

} // namespace pulsemap
