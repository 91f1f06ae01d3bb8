// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "type_list_model.h"

#include "core/event.h"

namespace pulsemap {

namespace {
// Colors that stay distinct on a dark map and for the common color-vision deficiencies; well-known
// names get fixed colors so "open" and "click" look the same in every campaign.
struct NamedColor
{
    std::string_view name;
    QRgb color;
};
constexpr NamedColor kNamedColors[] = {
    {"open", 0x38d9ff},     {"click", 0xff9f1c}, {kDefaultEventType, 0x7cf29c}, {"page", 0x7cf29c}, {"asset", 0x6c8cff},
    {"download", 0xffd23f}, {"bot", 0x9aa5b1},   {"error", 0xff4d6d},
};
constexpr QRgb kPalette[] = {0x38d9ff, 0xff9f1c, 0x7cf29c, 0xff5fd2, 0xffd23f, 0x6c8cff,
                             0xff4d6d, 0x4ee6c8, 0xc792ff, 0xf7f7a1, 0x9aa5b1, 0xffffff};
static_assert(std::size(kPalette) >= TypeListModel::kMaxTypes, "one distinct color per legend row");
} // namespace

TypeListModel::TypeListModel(QObject *parent) : QAbstractListModel(parent) {}

int TypeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_types.size());
}

QVariant TypeListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const Type &type = m_types[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return QString::fromStdString(type.name);
    case ColorRole:
        return type.color;
    case CountRole:
        return type.count;
    case ShownRole:
        return type.visible;
    default:
        return {};
    }
}

QHash<int, QByteArray> TypeListModel::roleNames() const
{
    return {{NameRole, "name"}, {ColorRole, "color"}, {CountRole, "count"}, {ShownRole, "shown"}};
}

int TypeListModel::indexOf(std::string_view name)
{
    for (size_t i = 0; i < m_types.size(); ++i) {
        if (m_types[i].name == name) {
            return static_cast<int>(i);
        }
    }
    if (m_types.size() >= kMaxTypes) {
        Type &other = m_types.back();
        if (other.name != "other") {
            other.name = "other";
            const QModelIndex last = index(kMaxTypes - 1);
            emit dataChanged(last, last, {NameRole});
        }
        return kMaxTypes - 1;
    }
    QColor color = QColor::fromRgb(kPalette[m_types.size() % std::size(kPalette)]);
    for (const NamedColor &named : kNamedColors) {
        if (named.name == name) {
            color = QColor::fromRgb(named.color);
        }
    }
    const int row = static_cast<int>(m_types.size());
    beginInsertRows({}, row, row);
    m_types.push_back({std::string(name), color, 0, true});
    endInsertRows();
    emit countChanged();
    emit colorsChanged();
    return row;
}

void TypeListModel::addCounts(const std::vector<int64_t> &perType)
{
    for (size_t i = 0; i < perType.size() && i < m_types.size(); ++i) {
        if (perType[i] != 0) {
            m_types[i].count += perType[i];
            const QModelIndex changed = index(static_cast<int>(i));
            emit dataChanged(changed, changed, {CountRole});
        }
    }
}

QColor TypeListModel::color(int index) const
{
    return index >= 0 && index < rowCount() ? m_types[static_cast<size_t>(index)].color : QColor(Qt::white);
}

QList<QColor> TypeListModel::colors() const
{
    QList<QColor> colors;
    for (const Type &type : m_types) {
        colors.append(type.color);
    }
    return colors;
}

bool TypeListModel::isVisible(int index) const
{
    return index >= 0 && index < rowCount() && m_types[static_cast<size_t>(index)].visible;
}

void TypeListModel::setVisible(int index, bool visible)
{
    if (index < 0 || index >= rowCount() || m_types[static_cast<size_t>(index)].visible == visible) {
        return;
    }
    m_types[static_cast<size_t>(index)].visible = visible;
    const QModelIndex changed = this->index(index);
    emit dataChanged(changed, changed, {ShownRole});
    emit visibilityChanged(index, visible);
}

} // namespace pulsemap
